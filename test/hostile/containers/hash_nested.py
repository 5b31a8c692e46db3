# hash() of a tuple nested 100,000 deep
t = ()
for i in range(100000):
    t = (t,)
try:
    print(hash(t) == hash(t))
except RecursionError as e:
    print("RecursionError", e)
