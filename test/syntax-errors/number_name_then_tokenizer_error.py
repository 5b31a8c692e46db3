print((1,) * 5.index(2))
x = 1
print(5.count(1))
