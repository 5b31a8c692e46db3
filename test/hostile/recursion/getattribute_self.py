# __getattribute__ that reads an attribute of self: RecursionError, caught, and the program goes on
class A:
    def __getattribute__(self, name):
        return self.x

try:
    A().y
except RecursionError as e:
    print("caught:", e)
print("after")
