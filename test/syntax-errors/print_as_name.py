print = 5
print += 1
print, a = [3, 4]
print: int = 3
print -1
print[0:0] = [1]
print.x = 2
del print
print ; print
