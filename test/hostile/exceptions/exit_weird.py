# SystemExit with an int too large for C, and a non-int, non-str code
import sys
try:
    sys.exit(2 ** 100)
except SystemExit as e:
    print(e.code == 2 ** 100)
sys.exit([1, 2])
