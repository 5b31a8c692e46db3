# __repr__ that calls repr(self): RecursionError where CPython's C recursion guard trips
class A:
    def __repr__(self):
        return repr(self)

print(repr(A()))
