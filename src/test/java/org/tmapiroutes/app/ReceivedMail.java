package org.tmapiroutes.app;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import jakarta.mail.Multipart;
import jakarta.mail.Part;

/** A received mail taken apart the way a mail client does: its parts by type, wherever they sit in the MIME tree. */
final class ReceivedMail {

    private ReceivedMail() {
    }

    static String html(Part mail) throws Exception {
        return (String) only(mail, "text/html").getContent();
    }

    static String text(Part mail) throws Exception {
        return (String) only(mail, "text/plain").getContent();
    }

    static Part attachment(Part mail) throws Exception {
        for (Part part : leaves(mail)) {
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                return part;
            }
        }
        throw new AssertionError("no attachment");
    }

    /** Every attachment, in the mail's order. */
    static List<Part> attachments(Part mail) throws Exception {
        List<Part> found = new ArrayList<>();
        for (Part part : leaves(mail)) {
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                found.add(part);
            }
        }
        return found;
    }

    static byte[] bytes(Part part) throws Exception {
        try (InputStream in = part.getInputStream(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    /** The MIME tree by base type, e.g. {@code multipart/mixed[multipart/alternative[text/plain,text/html],text/csv]}. */
    static String structure(Part part) throws Exception {
        String type = part.getContentType().split(";")[0].strip().toLowerCase();
        if (!(part.getContent() instanceof Multipart multipart)) {
            return type;
        }
        StringJoiner children = new StringJoiner(",", type + "[", "]");
        for (int i = 0; i < multipart.getCount(); i++) {
            children.add(structure(multipart.getBodyPart(i)));
        }
        return children.toString();
    }

    private static Part only(Part mail, String type) throws Exception {
        List<Part> found = leaves(mail).stream().filter(p -> {
            try {
                return p.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " " + type + " parts in " + structure(mail));
        }
        return found.get(0);
    }

    private static List<Part> leaves(Part part) throws Exception {
        List<Part> leaves = new ArrayList<>();
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                leaves.addAll(leaves(multipart.getBodyPart(i)));
            }
        } else {
            leaves.add(part);
        }
        return leaves;
    }
}
