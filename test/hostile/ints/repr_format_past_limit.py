# repr(), f-strings and %d of a huge int: the same ValueError; hex() has no limit
x = 7 ** 6000
for conv in (repr, lambda v: f"{v}", lambda v: "%d" % v, lambda v: format(v, ",")):
    try:
        conv(x)
    except ValueError as e:
        print(type(e).__name__)
print(len(hex(x)))
