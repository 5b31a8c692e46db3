# An uncaught exception: the output so far, then a traceback on stderr and exit status 1.
def average(values):
    return sum(values) / len(values)


print(average([1, 2, 3]))
print(average([]))
