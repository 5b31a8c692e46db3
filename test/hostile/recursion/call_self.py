# __call__ that calls self
class A:
    def __call__(self):
        return self()

A()()
