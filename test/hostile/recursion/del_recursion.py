# __del__ that creates and drops another instance: a chain of finalizers, each one deeper
n = 0
class A:
    def __del__(self):
        global n
        n += 1
        if n < 100:
            A()

A()
print(n)
