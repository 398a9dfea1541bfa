package io.deltaglider.proxy;

import java.nio.charset.StandardCharsets;

/**
 * Writes the small XML documents S3 answers with. Every text value is escaped here, so a key or
 * bucket name taken from a request can never change the document's structure.
 */
final class XmlWriter {
  static final String S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

  private final StringBuilder out = new StringBuilder(256).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

  /** Opens the root element, in S3's namespace. */
  static XmlWriter document(String root) {
    XmlWriter w = new XmlWriter();
    w.out.append('<').append(root).append(" xmlns=\"").append(S3_NAMESPACE).append("\">");
    return w;
  }

  /** Opens the root element without a namespace (S3's error documents have none). */
  static XmlWriter plainDocument(String root) {
    XmlWriter w = new XmlWriter();
    w.out.append('<').append(root).append('>');
    return w;
  }

  XmlWriter start(String element) {
    out.append('<').append(element).append('>');
    return this;
  }

  XmlWriter end(String element) {
    out.append("</").append(element).append('>');
    return this;
  }

  /** {@code <element>text</element>}; nothing when {@code text} is null. */
  XmlWriter element(String element, String text) {
    if (text != null) {
      start(element);
      escape(text, out);
      end(element);
    }
    return this;
  }

  XmlWriter element(String element, long value) {
    return element(element, Long.toString(value));
  }

  XmlWriter element(String element, boolean value) {
    return element(element, Boolean.toString(value));
  }

  byte[] finish(String root) {
    end(root);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Escapes markup characters, and writes characters XML 1.0 cannot carry (control characters,
   * unpaired surrogates, U+FFFE/U+FFFF) as numeric references, as S3 does, rather than dropping them.
   */
  static void escape(String s, StringBuilder out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if ((c < 0x20 && c != '\t' && c != '\n') || c == '\r' || Character.isSurrogate(c) || c >= 0xFFFE) {
            out.append("&#x").append(Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)).append(';');
          } else {
            out.append(c);
          }
        }
      }
    }
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    escape(s, b);
    return b.toString();
  }
}
