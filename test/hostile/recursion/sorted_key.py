# sorted() whose key function sorts again: RecursionError through a builtin calling Python
def key(x):
    return sorted([x], key=key)

try:
    sorted([1, 2], key=key)
except RecursionError as e:
    print("RecursionError")
print("done")
