# print() of an int with more than 4,300 digits, uncaught
print(10 ** 4300)
