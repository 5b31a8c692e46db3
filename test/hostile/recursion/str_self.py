# __str__ that calls str(self), reached from print()
class A:
    def __str__(self):
        return str(self)

print(A())
