x = "\xZZ"
print(x)
