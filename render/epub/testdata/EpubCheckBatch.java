import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

/**
 * Runs EPUBCheck over every file named, in one JVM (starting Java once per
 * book made the EPUB tests slow). For each file it prints
 * "== FILE: ok" or "== FILE: N fatal, N errors, N warnings" after the
 * messages, which DefaultReportImpl writes as the epubcheck command does.
 * It exits 1 when any file has a fatal error, an error or a warning.
 */
public class EpubCheckBatch {
  public static void main(String[] args) {
    System.setErr(System.out); // messages and summaries in one ordered stream
    int failed = 0;
    for (String a : args) {
      DefaultReportImpl report = new DefaultReportImpl(a);
      new EpubCheck(new File(a), report).doValidate();
      int fatal = report.getFatalErrorCount(), errors = report.getErrorCount(), warnings = report.getWarningCount();
      if (fatal + errors + warnings == 0) {
        System.out.println("== " + a + ": ok");
      } else {
        failed++;
        System.out.println("== " + a + ": " + fatal + " fatal, " + errors + " errors, " + warnings + " warnings");
      }
    }
    System.exit(failed == 0 ? 0 : 1);
  }
}
