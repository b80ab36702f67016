package completion

import "fmt"

// Script is the completion script of a shell: bash, zsh or fish.
func Script(shell string) (string, error) {
	switch shell {
	case "bash":
		return bashScript, nil
	case "zsh":
		return zshScript, nil
	case "fish":
		return fishScript, nil
	}
	return "", fmt.Errorf("no completion script for shell %q: use bash, zsh or fish", shell)
}

const bashScript = `# bash completion for kestractl
_kestractl() {
    local cur="${COMP_WORDS[COMP_CWORD]}"
    local IFS=$'\n'
    local candidates
    candidates=$(kestractl __complete "${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null | cut -f1)
    COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
}
complete -o default -F _kestractl kestractl
`

const zshScript = `#compdef kestractl
# zsh completion for kestractl
_kestractl() {
    local -a lines vals
    local line value help
    lines=("${(@f)$(kestractl __complete "${(@)words[2,CURRENT-1]}" "${words[CURRENT]}" 2>/dev/null)}")
    for line in $lines; do
        [[ -z $line ]] && continue
        value=${line%%$'\t'*}
        help=${line#*$'\t'}
        [[ $help == $line ]] && help=""
        vals+=("${value//:/\\:}:$help")
    done
    _describe -t values 'kestractl' vals
}
if [[ "$funcstack[1]" = "_kestractl" ]]; then
    _kestractl "$@"
else
    compdef _kestractl kestractl
fi
`

const fishScript = `# fish completion for kestractl
function __kestractl_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    kestractl __complete $tokens[2..-1] $current 2>/dev/null
end
complete -c kestractl -f -a '(__kestractl_complete)'
`
