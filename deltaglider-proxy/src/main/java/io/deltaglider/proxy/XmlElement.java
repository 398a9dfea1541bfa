package io.deltaglider.proxy;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A request's XML body (DeleteObjects, CompleteMultipartUpload, CreateBucketConfiguration) as a
 * small tree of local names and texts. The parser reads no DTD and resolves no external entity,
 * and depth and element count are bounded: anything else is {@code MalformedXML}.
 */
final class XmlElement {
  private static final int MAX_DEPTH = 8;
  private static final int MAX_ELEMENTS = 50_000;
  private static final XMLInputFactory FACTORY = factory();

  final String name;
  final List<XmlElement> children = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();

  private XmlElement(String name) {
    this.name = name;
  }

  private static XMLInputFactory factory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }

  /** Parses a whole document; its root must be {@code root}. */
  static XmlElement parse(byte[] xml, String root) {
    try {
      XMLStreamReader r;
      synchronized (FACTORY) {
        r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
      }
      try {
        List<XmlElement> stack = new ArrayList<>();
        XmlElement top = null;
        int count = 0;
        while (r.hasNext()) {
          int event = r.next();
          if (event == XMLStreamConstants.START_ELEMENT) {
            if (++count > MAX_ELEMENTS || stack.size() >= MAX_DEPTH) {
              throw malformed();
            }
            XmlElement e = new XmlElement(r.getLocalName());
            if (stack.isEmpty()) {
              if (top != null) {
                throw malformed();
              }
              top = e;
            } else {
              stack.get(stack.size() - 1).children.add(e);
            }
            stack.add(e);
          } else if (event == XMLStreamConstants.END_ELEMENT) {
            stack.remove(stack.size() - 1);
          } else if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) && !stack.isEmpty()) {
            stack.get(stack.size() - 1).text.append(r.getText());
          } else if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
            throw malformed();
          }
        }
        if (top == null || !top.name.equals(root)) {
          throw malformed();
        }
        return top;
      } finally {
        r.close();
      }
    } catch (XMLStreamException | RuntimeException e) {
      if (e instanceof S3Exception s3) {
        throw s3;
      }
      throw malformed();
    }
  }

  private static S3Exception malformed() {
    return new S3Exception(S3ErrorCode.MALFORMED_XML);
  }

  /** The element's text (its own character data, not its children's). */
  String text() {
    return text.toString();
  }

  /** The children of this name. */
  List<XmlElement> all(String child) {
    return children.stream().filter(c -> c.name.equals(child)).toList();
  }

  /** The text of the single child of this name, or null if there is none. */
  String childText(String child) {
    List<XmlElement> c = all(child);
    if (c.size() > 1) {
      throw malformed();
    }
    return c.isEmpty() ? null : c.get(0).text();
  }
}
