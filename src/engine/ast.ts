// Our own small Python AST, with source spans. The parser module lowers Lezer's concrete syntax
// tree into these nodes; nothing else in the engine sees Lezer. The node kinds and field names
// follow CPython's own `Parser/Python.asdl` so that a reader who knows `ast.dump()` feels at home.

/** A source span: 1-based line, 0-based column, as CPython's `ast` reports them. */
export interface Span {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

interface NodeBase {
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

export type ExprContext = 'load' | 'store' | 'del';

export interface Name extends NodeBase { kind: 'Name'; id: string; }
/** int, float, complex (imaginary part only, as CPython), str, bytes, bool, None, Ellipsis */
export interface Constant extends NodeBase {
  kind: 'Constant';
  value:
    | { type: 'int'; value: bigint }
    | { type: 'float'; value: number }
    | { type: 'complex'; imag: number }
    | { type: 'str'; value: string }
    | { type: 'bytes'; value: Uint8Array }
    | { type: 'bool'; value: boolean }
    | { type: 'None' }
    | { type: 'Ellipsis' };
}
/** An f-string: literal parts and formatted values, in order. */
export interface JoinedStr extends NodeBase { kind: 'JoinedStr'; values: (Constant | FormattedValue)[]; }
export interface FormattedValue extends NodeBase {
  kind: 'FormattedValue';
  value: Expr;
  /** -1 none, 's', 'r' or 'a' */
  conversion: -1 | 's' | 'r' | 'a';
  formatSpec: JoinedStr | null;
  /** `f"{x=}"`: the text before the value, already in the parts of the JoinedStr in CPython. */
}
export interface ListExpr extends NodeBase { kind: 'List'; elts: Expr[]; }
export interface TupleExpr extends NodeBase { kind: 'Tuple'; elts: Expr[]; parenthesized: boolean; }
export interface SetExpr extends NodeBase { kind: 'Set'; elts: Expr[]; }
/** keys[i] === null means `**values[i]` */
export interface DictExpr extends NodeBase { kind: 'Dict'; keys: (Expr | null)[]; values: Expr[]; }
export interface Starred extends NodeBase { kind: 'Starred'; value: Expr; }

export type BinOpKind =
  | 'Add' | 'Sub' | 'Mult' | 'MatMult' | 'Div' | 'Mod' | 'Pow'
  | 'LShift' | 'RShift' | 'BitOr' | 'BitXor' | 'BitAnd' | 'FloorDiv';
export interface BinOp extends NodeBase { kind: 'BinOp'; left: Expr; op: BinOpKind; right: Expr; }
export type UnaryOpKind = 'Invert' | 'Not' | 'UAdd' | 'USub';
export interface UnaryOp extends NodeBase { kind: 'UnaryOp'; op: UnaryOpKind; operand: Expr; }
export interface BoolOp extends NodeBase { kind: 'BoolOp'; op: 'And' | 'Or'; values: Expr[]; }
export type CmpOpKind = 'Eq' | 'NotEq' | 'Lt' | 'LtE' | 'Gt' | 'GtE' | 'Is' | 'IsNot' | 'In' | 'NotIn';
export interface Compare extends NodeBase { kind: 'Compare'; left: Expr; ops: CmpOpKind[]; comparators: Expr[]; }
export interface IfExp extends NodeBase { kind: 'IfExp'; test: Expr; body: Expr; orelse: Expr; }
export interface NamedExpr extends NodeBase { kind: 'NamedExpr'; target: Name; value: Expr; }

export interface Keyword extends NodeBase { /** null means `**value` */ arg: string | null; value: Expr; }
export interface Call extends NodeBase { kind: 'Call'; func: Expr; args: Expr[]; keywords: Keyword[]; }
export interface Attribute extends NodeBase { kind: 'Attribute'; value: Expr; attr: string; }
export interface Subscript extends NodeBase { kind: 'Subscript'; value: Expr; slice: Expr; }
export interface Slice extends NodeBase { kind: 'Slice'; lower: Expr | null; upper: Expr | null; step: Expr | null; }

export interface Arg extends NodeBase { arg: string; }
export interface Arguments {
  posonlyargs: Arg[];
  args: Arg[];
  vararg: Arg | null;
  kwonlyargs: Arg[];
  /** one per kwonlyarg; null where the keyword-only argument has no default */
  kwDefaults: (Expr | null)[];
  kwarg: Arg | null;
  /** defaults of the last positional parameters (posonlyargs + args) */
  defaults: Expr[];
}
export interface Lambda extends NodeBase { kind: 'Lambda'; args: Arguments; body: Expr; }

export interface Comprehension { target: Expr; iter: Expr; ifs: Expr[]; span: Span; }
export interface ListComp extends NodeBase { kind: 'ListComp'; elt: Expr; generators: Comprehension[]; }
export interface SetComp extends NodeBase { kind: 'SetComp'; elt: Expr; generators: Comprehension[]; }
export interface DictComp extends NodeBase { kind: 'DictComp'; key: Expr; value: Expr; generators: Comprehension[]; }
export interface GeneratorExp extends NodeBase { kind: 'GeneratorExp'; elt: Expr; generators: Comprehension[]; }
export interface Yield extends NodeBase { kind: 'Yield'; value: Expr | null; }
export interface YieldFrom extends NodeBase { kind: 'YieldFrom'; value: Expr; }

export type Expr =
  | Name | Constant | JoinedStr | FormattedValue | ListExpr | TupleExpr | SetExpr | DictExpr | Starred
  | BinOp | UnaryOp | BoolOp | Compare | IfExp | NamedExpr | Call | Attribute | Subscript | Slice
  | Lambda | ListComp | SetComp | DictComp | GeneratorExp | Yield | YieldFrom;

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

export interface ExprStmt extends NodeBase { kind: 'Expr'; value: Expr; }
/** `a = b = value`: targets in source order */
export interface Assign extends NodeBase { kind: 'Assign'; targets: Expr[]; value: Expr; }
export interface AugAssign extends NodeBase { kind: 'AugAssign'; target: Expr; op: BinOpKind; value: Expr; }
/** `x: int = 1`; value null for a bare annotation */
export interface AnnAssign extends NodeBase { kind: 'AnnAssign'; target: Expr; annotation: Expr; value: Expr | null; }
export interface If extends NodeBase { kind: 'If'; test: Expr; body: Stmt[]; orelse: Stmt[]; }
export interface While extends NodeBase { kind: 'While'; test: Expr; body: Stmt[]; orelse: Stmt[]; }
export interface For extends NodeBase { kind: 'For'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[]; }
export interface Break extends NodeBase { kind: 'Break'; }
export interface Continue extends NodeBase { kind: 'Continue'; }
export interface Pass extends NodeBase { kind: 'Pass'; }
export interface Return extends NodeBase { kind: 'Return'; value: Expr | null; }
export interface FunctionDef extends NodeBase {
  kind: 'FunctionDef';
  name: string;
  args: Arguments;
  body: Stmt[];
  decorators: Expr[];
  /** the body contains `yield` (so the function is a generator function) */
  isGenerator: boolean;
}
export interface ClassDef extends NodeBase {
  kind: 'ClassDef';
  name: string;
  bases: Expr[];
  keywords: Keyword[];
  body: Stmt[];
  decorators: Expr[];
}
export interface Delete extends NodeBase { kind: 'Delete'; targets: Expr[]; }
export interface Global extends NodeBase { kind: 'Global'; names: string[]; }
export interface Nonlocal extends NodeBase { kind: 'Nonlocal'; names: string[]; }
export interface ExceptHandler extends NodeBase { type: Expr | null; name: string | null; body: Stmt[]; }
export interface Try extends NodeBase {
  kind: 'Try';
  body: Stmt[];
  handlers: ExceptHandler[];
  orelse: Stmt[];
  finalbody: Stmt[];
}
export interface Raise extends NodeBase { kind: 'Raise'; exc: Expr | null; cause: Expr | null; }
export interface Assert extends NodeBase { kind: 'Assert'; test: Expr; msg: Expr | null; }
export interface Alias { name: string; asname: string | null; span: Span; }
export interface Import extends NodeBase { kind: 'Import'; names: Alias[]; }
/** `from m import a, b as c` (names[0].name === '*' for a star import) */
export interface ImportFrom extends NodeBase { kind: 'ImportFrom'; module: string; names: Alias[]; level: number; }

export type Stmt =
  | ExprStmt | Assign | AugAssign | AnnAssign | If | While | For | Break | Continue | Pass | Return
  | FunctionDef | ClassDef | Delete | Global | Nonlocal | Try | Raise | Assert | Import | ImportFrom;

export interface Module {
  kind: 'Module';
  body: Stmt[];
  /** the source text, for tracebacks */
  source: string;
  /** warnings the tokenizer issued (invalid escape sequences), for the run to show */
  warnings?: { line: number; category: 'SyntaxWarning' | 'DeprecationWarning'; message: string }[];
}
