# A snippet with a problem of every kind in its annotations (and two expectations that run).
# @snippet Problems
# @snippet Problems again
# @sya Misspelt.
# @expct 1 == 1
# @frobnicate
# @
# @expect
# @question
# @choice An orphan choice.
# @answer An orphan answer.
# @expect[3.7] True
# @expect[3.14+] True
# @expect[3.12-3.8] True
# @expect[3.x] True
# @expect[3.8 True
# @say[3.8] Filtered narration.
# @expect* True
# @expect: True
# @expect x = 1
# @expect x == (
# @expect import sys
# @focus 1x, y
# @compare 3.8
import sys
# @versions 3.12
value = 1  # @expect value == 1
# @question Asked?
# @answer Yes.
# @answer
# @expect sys.getsizeof(value) == 28


def f():
    return value  # @expect value == 1


f()
