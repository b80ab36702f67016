package commands

import "fmt"

// Help is the command's detailed help.
func (*API) Help() string {
	return fmt.Sprintf(`The request goes to the context's server with its credentials, TLS settings, timeout and retries.

The path: /api/v1/{tenant}/flows/search as in the OpenAPI document ({tenant} is the context's), or relative
to /api/v1/{tenant}/ (flows/search), or /api/v1/... for instance-level routes (configs works too), or an
operationId (searchFlows). Other {parameters} of the path come from arguments name=value after it, or from
-f/-F fields of that name. A path the document does not have is sent as is (-v says so).

Fields: -f key=value is a string, -F key=value is typed (true, false, null, numbers, @FILE, @- for stdin).
For GET, and for operations that take no body, fields are query parameters; fields the operation declares
as query parameters go to the query; the others make the body: JSON (key[sub]=v nests, key[]=v appends),
multipart when the operation takes multipart/form-data (-F name=@file parts are streamed from disk), or a
form. --input FILE sends FILE as the body, streamed (YAML for a .yaml file when the operation takes YAML).
Without -X: GET, or POST when fields or --input are given (GET for a search that has no POST).

The answer: streamed to stdout as it comes (binary answers are not printed on a terminal: use --output-file
or a redirect). With -o json, -o yaml or --jq, a JSON answer of up to %d MiB is printed or filtered as one
document; NDJSON lines and server-sent events become records of a stream (an event's JSON data, or
{"data": TEXT}). --paginate follows page/size until the total and prints one JSON array (NDJSON with
--ndjson). Exit codes follow the status: 401/403 give 4, 404 gives 5, 409 gives 6, 429 and 5xx give 7,
other errors 1.

--list [WORDS] lists the document's operations (EE marks Kestra Enterprise ones: x-kestra edition ee).
On a context marked protected, every request but GET asks for confirmation.`, MaxStructured>>20)
}

// Examples are shown in the help.
func (*API) Examples() []string {
	return []string{
		"# the ids of the flows of a namespace\nkestractl api flows/search -f 'filters[namespace][EQUALS]=company.team' --jq '.results[].id'",
		"# a flow, by operationId and path parameters\nkestractl api getFlow namespace=company.team id=hello",
		"# create a flow from its YAML source\nkestractl api -X POST flows --input hello.yaml",
		"# upload a namespace file (multipart, streamed)\nkestractl api -X POST namespaces/company.team/files -f path=/data.csv -F fileContent=@data.csv",
		"# download it\nkestractl api 'namespaces/company.team/files?path=/data.csv' --output-file data.csv",
		"# every execution, as NDJSON\nkestractl api executions/search --paginate --ndjson",
		"# the request, credentials masked, without sending it\nkestractl api -X DELETE flows/company.team/hello --dry-run",
		"kestractl api --list namespace files",
	}
}
