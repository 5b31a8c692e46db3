# __contains__ that tests membership in self
class A:
    def __contains__(self, x):
        return x in self

1 in A()
