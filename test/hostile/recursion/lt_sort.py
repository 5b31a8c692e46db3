# __lt__ that compares again, reached from list.sort()
class A:
    def __lt__(self, other):
        return self < other

[A(), A()].sort()
