# __bool__ that calls bool(self), reached from an if statement
class A:
    def __bool__(self):
        return bool(self)

if A():
    print("true")
