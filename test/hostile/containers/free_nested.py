# freeing a list nested 200,000 deep (the trashcan keeps deallocation from recursing)
x = []
for i in range(200000):
    x = [x]
del x
print("freed")
