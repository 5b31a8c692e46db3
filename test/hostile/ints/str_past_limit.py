# str() of an int with more than 4,300 digits: a catchable ValueError, then one just under the limit
x = 10 ** 5000
try:
    s = str(x)
except ValueError as e:
    print(e)
print(len(str(10 ** 4299)))
