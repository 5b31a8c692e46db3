# 2 ** (2 ** 64) and friends: CPython gives up with MemoryError/OverflowError or runs for ever; here, what ends
try:
    x = 10 ** -(2 ** 64)
    print(x)
except OverflowError as e:
    print("OverflowError", e)
try:
    print((1 << (2 ** 63)))
except (OverflowError, MemoryError) as e:
    print(type(e).__name__)
print(pow(3, 2 ** 64, 1000))
