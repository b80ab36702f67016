package completion

import "fmt"

// Shells are the shells with a completion script.
var Shells = []string{"bash", "zsh", "fish", "powershell"}

// Script is the completion script of a shell: bash, zsh, fish or
// powershell. Each calls `kestractl __complete WORDS... PARTIAL` and reads
// one candidate per line ("value<TAB>help"); a line ":files" asks for the
// shell's own file path completion.
func Script(shell string) (string, error) {
	switch shell {
	case "bash":
		return bashScript, nil
	case "zsh":
		return zshScript, nil
	case "fish":
		return fishScript, nil
	case "powershell", "pwsh":
		return powershellScript, nil
	}
	return "", fmt.Errorf("no completion script for shell %q: use bash, zsh, fish or powershell", shell)
}

// bash splits --flag=value at "=" (COMP_WORDBREAKS): the value is completed
// as the word after the flag. No candidate leaves bash to complete file
// names (-o default).
const bashScript = `# bash completion for kestractl
_kestractl() {
    local cur="${COMP_WORDS[COMP_CWORD]}"
    local -a words=("${COMP_WORDS[@]:1:COMP_CWORD-1}")
    if [[ $cur == "=" ]]; then
        cur=""
    elif [[ ${#words[@]} -gt 0 && ${words[${#words[@]}-1]} == "=" ]]; then
        unset "words[${#words[@]}-1]"
    fi
    local IFS=$'\n'
    local candidates
    candidates=$(kestractl __complete "${words[@]}" "$cur" 2>/dev/null | grep -v '^:' | cut -f1)
    COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
}
complete -o default -F _kestractl kestractl
`

const zshScript = `#compdef kestractl
# zsh completion for kestractl
_kestractl() {
    local -a lines vals
    local line value help files=0
    lines=("${(@f)$(kestractl __complete "${(@)words[2,CURRENT-1]}" "${words[CURRENT]}" 2>/dev/null)}")
    for line in $lines; do
        [[ -z $line ]] && continue
        if [[ $line == ":files" ]]; then
            files=1
            continue
        fi
        value=${line%%$'\t'*}
        help=${line#*$'\t'}
        [[ $help == $line ]] && help=""
        vals+=("${value//:/\\:}:$help")
    done
    if (( files )); then
        _files
        return
    fi
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
    set -l out (kestractl __complete $tokens[2..-1] $current 2>/dev/null)
    if contains -- :files $out
        __fish_complete_path $current
        return
    end
    printf '%s\n' $out
end
complete -c kestractl -f -a '(__kestractl_complete)'
`

// PowerShell falls back to file paths when a completer returns nothing.
const powershellScript = `# powershell completion for kestractl
# Load it with: kestractl completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName kestractl -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements |
        Where-Object { $_.Extent.StartOffset -lt $cursorPosition } |
        Select-Object -Skip 1 |
        ForEach-Object { $_.ToString() })
    if ($wordToComplete -ne '' -and $words.Count -gt 0) {
        $words = @($words | Select-Object -First ($words.Count - 1))
    }
    $partial = $wordToComplete
    if ($partial -eq '') { $partial = '""' }
    $out = @(& kestractl __complete @words $partial 2>$null)
    if ($out -contains ':files') { return }
    foreach ($line in $out) {
        if ($line -eq '') { continue }
        $parts = $line -split "` + "`" + `t", 2
        $help = if ($parts.Count -gt 1) { $parts[1] } else { $parts[0] }
        [System.Management.Automation.CompletionResult]::new($parts[0], $parts[0], 'ParameterValue', $help)
    }
}
`
