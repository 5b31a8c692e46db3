# __str__ that formats self in an f-string: object.__format__ calls str() again
class A:
    def __str__(self):
        return f"{self}"

print(A())
