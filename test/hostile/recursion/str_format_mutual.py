# __str__ and __format__ calling each other through str() and format()
class A:
    def __str__(self):
        return format(self, "")
    def __format__(self, spec):
        return str(self)

str(A())
