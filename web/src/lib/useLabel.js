// The words of a code: label('hardship.level', 'deep'), or of a code of a group several modules
// share (label('entity', 'member'), label('action', 'ingest'), 'permission', 'appKind'), found
// in the namespace that defines it; the code itself when no messages name it.
import { useI18n } from 'vue-i18n';
import { sharedKey } from '../i18n/index.js';
import { SHARED_GROUPS } from '../i18n/merge.js';

export function useLabel() {
  const { t, te } = useI18n();
  return (group, code) => {
    const key = SHARED_GROUPS.includes(group) ? sharedKey(group, code) : `${group}.${code}`;
    return key && te(key, 'zh-CN') ? t(key) : code;
  };
}
