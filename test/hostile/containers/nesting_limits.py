# the deepest nesting repr() and == accept: the recursion limit up to 3.11, the C recursion limit from 3.12
def nested(n):
    x = []
    for i in range(n):
        x = [x]
    return x

def deepest(ok):
    lo, hi = 1, 12000
    while lo < hi:
        m = (lo + hi + 1) // 2
        try:
            ok(nested(m))
            lo = m
        except RecursionError:
            hi = m - 1
    return lo

print("repr", deepest(repr))
print("==", deepest(lambda x: x == nested(len(repr(x)) // 2)))
