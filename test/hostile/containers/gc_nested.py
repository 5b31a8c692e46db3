# a cycle through a list nested 100,000 deep, found by the collector
import gc
x = []
x.append(x)
for i in range(100000):
    x = [x]
x[0].append(x)
del x
print(gc.collect() > 0)
