package io.deltaglider.cli;

import java.util.regex.Pattern;

/**
 * An {@code --include}/{@code --exclude} pattern, matched like the AWS and DeltaGlider CLIs match
 * them against a path relative to the source: {@code *} matches any run of characters, slashes
 * included, {@code ?} one character, {@code [abc]} one of a set.
 *
 * <p>Not the JDK's {@code PathMatcher}: its glob's {@code *} stops at {@code /} (only {@code **}
 * crosses it), so {@code --exclude '*.tmp'} would miss {@code a/b.tmp}, where the AWS CLI's matches.
 */
final class Glob {
  private final Pattern regex;

  Glob(String glob) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> sb.append(".*");
        case '?' -> sb.append('.');
        case '[' -> {
          int end = glob.indexOf(']', i + 2);
          if (end < 0) {
            sb.append("\\[");
          } else {
            String set = glob.substring(i + 1, end);
            if (set.startsWith("!")) {
              set = "^" + set.substring(1);
            }
            sb.append('[').append(set.replace("\\", "\\\\")).append(']');
            i = end;
          }
        }
        default -> sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    this.regex = Pattern.compile(sb.toString(), Pattern.DOTALL);
  }

  boolean matches(String relativePath) {
    return regex.matcher(relativePath).matches();
  }
}
