# repr of a list nested 100,000 deep: RecursionError while getting the repr
x = []
for i in range(100000):
    x = [x]
try:
    repr(x)
except RecursionError as e:
    print(e)
