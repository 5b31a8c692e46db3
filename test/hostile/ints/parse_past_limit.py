# int() of a 100,000-digit string: ValueError (the limit guards parsing too)
try:
    int("9" * 100000)
except ValueError as e:
    print(e)
print(int("9" * 4300) % 7)
