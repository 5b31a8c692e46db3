# __eq__ that compares self again, reached through a dict lookup with equal hashes
class K:
    def __hash__(self):
        return 1
    def __eq__(self, other):
        return self == other

d = {K(): 1}
try:
    print(d[K()])
except RecursionError as e:
    print(type(e).__name__)
print(len(d))
