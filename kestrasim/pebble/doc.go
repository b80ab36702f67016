// Package pebble is kestrasim's one evaluator of Pebble, the template
// language of Kestra expressions: task properties and the eval route
// (executions), test suite assertions (content/testsuites) and templated
// blueprints (content/blueprints, under the delimiters << >> and <% %>) all
// render with it.
//
// It is a small, honest subset. Inside a print delimiter it evaluates
//
//	variables and attributes   inputs.name, outputs.task.value, outputs['my-task'].uri, list[0]
//	literals                   'text', "text", 42, 1.5, true, false, null, none, [a, b]
//	operators                  == != < <= > >= and or not + - * / % ~ ( )
//	filters                    upper lower trim capitalize length default(x) toJson json
//	                           join(sep) first last keys abs md5 sha1 sha256 sha512
//
// and, when Options.Tags is set, the tags for/endfor and if/elseif/else/
// endif. Comments are dropped; `{{-` and `-}}` trim the whitespace beside
// them. Functions (now(), secret() ...), method calls, other filters and
// other tags are an *UnsupportedError naming what kestrasim does not
// evaluate; callers say so in their own words.
//
// What it mimics of Kestra and Pebble:
//
//   - Kestra renders with strictVariables(true): a variable or attribute
//     that does not exist is an error (*MissingError), not an empty string;
//     only the default filter catches it (kestra-io/kestra,
//     core/src/main/java/io/kestra/core/runners/VariableRenderer.java;
//     properPebbleException words it "Unable to find `x` used in the
//     expression `...` at line N", older versions "Missing variable: 'x' on
//     '...' at line N").
//   - Kestra writes the result through its JsonWriter: a map or a list
//     printed at the top level is JSON, anything else is Java's toString
//     (kestra-io/kestra, core/src/main/java/io/kestra/core/runners/pebble/JsonWriter.java):
//     JSON below. Inside an expression (~, filters, comparisons of other
//     types) values are Java's toString — Pebble's ConcatenateExpression
//     appends left.toString() (PebbleTemplates/pebble,
//     pebble/src/main/java/io/pebbletemplates/pebble/node/expression/ConcatenateExpression.java):
//     String below, lists as [a, b], maps as {k=v}, whole doubles as 1.0.
//   - Arithmetic on integers stays integral and mixes with doubles as
//     Java's binary numeric promotion does (PebbleTemplates/pebble,
//     pebble/src/main/java/io/pebbletemplates/pebble/utils/OperatorUtils.java).
//     Known differences, kept because kestrasim's users rely on them: an
//     integer division that does not divide gives a double (7 / 2 is 3.5,
//     Pebble says 3), and == between a number and a string compares their
//     printed forms (2 == '2' is true, Pebble's equals says false).
//   - md5, sha1, sha256 and sha512 print lower-case hex as Kestra's Md5Filter
//     and ShaBaseFilter do (kestra-io/kestra,
//     core/src/main/java/io/kestra/core/runners/pebble/filters/ShaBaseFilter.java).
//   - if takes the first branch whose condition is true, else the else body
//     (PebbleTemplates/pebble,
//     pebble/src/main/java/io/pebbletemplates/pebble/node/IfNode.java); a
//     condition is false when it is null, false, 0, "", "false" or an empty
//     list or map.
package pebble
