# __del__ that raises: CPython prints "Exception ignored in" and goes on
class A:
    def __del__(self):
        raise ValueError("in del")

a = A()
del a
print("after")
