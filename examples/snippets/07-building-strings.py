# @snippet Building strings: + and += make new objects, join makes one
# @versions 3.8 3.10 3.11 3.12 3.13
# @compare 3.10 3.12
import sys

# @say The slides' advice: "Don't use + for string". Strings cannot change, so `a + b` makes a new
# @say str and copies both into it. Their example, as the slides typed it:
M = "Memory Management\n"
M += "Dont do this"
# @say `M` first named a constant of the compiled module. `+=` could not extend that str in place
# @say (the code object still refers to it), so CPython made a third one, 30 characters long.
# @expect[3.8-3.11] sys.getsizeof(M) == 79
# @expect[3.12+] sys.getsizeof(M) == 71
print(M)

M = ["Memeory", "Use this", "Best Result"]
text = "\n".join(M)
# @say `join` measures its parts first and makes the result once: one new str, no intermediates.
# @expect len(text) == 28
print(text)


def with_plus(parts):
    steps = []
    line = ""
    for part in parts:
        line = line + part
        steps.append(line)
    return steps


words = ["Mem", "ory", " Man", "age", "ment"]
steps = with_plus(words)
# @say With `+`, each step makes a new str and copies everything so far (`steps` keeps them to look
# @say at): 4 new strings of 6, 10, 13 and 17 characters, as `"" + "Mem"` just returned `"Mem"`.
# @say The copying grows with the square of the length.
# @focus steps
# @expect steps[0] is words[0]


def grow(count):
    line = "".join(["Memory", "Pool"])
    moves = 0
    for _ in range(count):
        before = id(line)
        line += "!"
        if id(line) != before:
            moves += 1
    return moves


moves = grow(5)
# @say But `+=` on a local that nothing else refers to can extend the str in place: CPython resizes
# @say its block, and while the text fits the block (64 bytes here) it does not move. 3.8 to 3.10
# @say do it from the first append, 3.11 only after the loop has warmed up (here none of the 5),
# @say 3.12 and 3.13 from the second; at module level only 3.8 to 3.10. `join` is the safe choice.
# @expect[3.8-3.10] moves == 0
# @expect[3.11] moves == 5
# @expect[3.12+] moves == 1
print("new strings made by 5 appends:", moves)
