# == of two lists nested 100,000 deep: RecursionError "in comparison", caught
a = []
b = []
for i in range(100000):
    a = [a]
    b = [b]
try:
    print(a == b)
except RecursionError as e:
    print("RecursionError", e)
