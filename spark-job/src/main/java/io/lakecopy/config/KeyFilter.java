package io.lakecopy.config;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The ordered {@code --include}/{@code --exclude} rules. As in the AWS CLI every key is included to
 * begin with, every rule is applied in the order given, and the last matching rule decides.
 */
public final class KeyFilter implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<FilterRule> rules;
  private transient List<Pattern> patterns;

  public KeyFilter(List<FilterRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public boolean accepts(String relativeKey) {
    if (patterns == null) {
      patterns = rules.stream().map(r -> FilterRule.toRegex(r.glob())).toList();
    }
    boolean included = true;
    for (int i = 0; i < rules.size(); i++) {
      if (patterns.get(i).matcher(relativeKey).matches()) {
        included = rules.get(i).include();
      }
    }
    return included;
  }

  public List<FilterRule> rules() {
    return rules;
  }
}
