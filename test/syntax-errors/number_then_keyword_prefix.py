x = 3.index
