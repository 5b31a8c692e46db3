# __getattr__ that reads a missing attribute of self: RecursionError through the attribute slot
class A:
    def __getattr__(self, name):
        return self.missing

A().y
