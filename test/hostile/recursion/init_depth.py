# how deep __init__ recursion through a class call goes: the type's call holds its recursion guard
# while __init__ runs (3.13 pushes a specialized call's __init__ inline, with a shim frame)
n = 0

class A:
    def __init__(self):
        global n
        n += 1
        self.child = A()

class K:
    def __init__(self, a=1):
        global n
        n += 1
        self.child = K(a=2)

for cls in (A, K):
    n = 0
    try:
        cls()
    except RecursionError as e:
        print(cls.__name__, n, e)
