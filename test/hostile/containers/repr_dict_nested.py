# repr() of a dict nested 100,000 deep: RecursionError while getting the repr
d = {}
for i in range(100000):
    d = {"k": d}
try:
    print(len(repr(d)))
except RecursionError as e:
    print("RecursionError", e)
