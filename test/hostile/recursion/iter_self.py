# __iter__ that calls iter(self): RecursionError through iter()
class A:
    def __iter__(self):
        return iter(self)

for x in A():
    pass
