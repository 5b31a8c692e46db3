# repr() past the limit three times, then a repr just under it (the depth count recovers)
x=[]
for i in range(5000):
    x=[x]
for k in range(3):
    try:
        repr(x)
    except RecursionError as e:
        print(k, e)
y = []
for i in range(990):
    y = [y]
print(len(repr(y)))
