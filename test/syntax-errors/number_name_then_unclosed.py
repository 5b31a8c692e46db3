print((1,) * 5.index(2))
x = (
