# Doubling a string until the new block no longer fits: MemoryError in the loop, the lengths printed until then
# pymemsim: memory-limit=256MB
s = 'ab'
n = 0
while True:
    s = s + s
    n += 1
    if n > 20:
        print(len(s))
