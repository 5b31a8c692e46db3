if 1:
    pass
  \
print(2)
