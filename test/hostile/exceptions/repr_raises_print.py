# print() of an object whose __repr__ raises, inside a list
class A:
    def __repr__(self):
        raise RuntimeError("bad repr")

try:
    print([A()])
except RuntimeError as e:
    print("caught", e)
print([A()])
