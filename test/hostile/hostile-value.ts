/** A value that runs `touch MARKS/<id>-<form>` if any shell ever evaluates it, in six quoting forms. */
export function hostileValue(marks: string, id: string): string {
  return `$(touch ${marks}/${id}-a) ;touch ${marks}/${id}-b \`touch ${marks}/${id}-c\` "$(touch ${marks}/${id}-d)" '$(touch ${marks}/${id}-e)' $\{IFS}x|touch\${IFS}${marks}/${id}-f`;
}
