# generators that each iterate the next one, nested past the recursion limit
def gen(n):
    if n == 0:
        yield 0
    else:
        yield from gen(n - 1)

try:
    print(next(gen(5000)))
except RecursionError as e:
    print("RecursionError")
print(next(gen(100)))
