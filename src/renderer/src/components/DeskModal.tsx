import { Modal, type ModalRootProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface DeskModalProps extends Pick<
  ModalRootProps,
  'opened' | 'onClose' | 'size' | 'closeOnEscape' | 'returnFocus'
> {
  title: ReactNode;
  children: ReactNode;
}

/**
 * Mantine's Modal, put together from its parts for two reasons: no scroll lock (it
 * injects a <style> element, which the CSP blocks), and a header without the
 * banner landmark role, so that a dialog opened over another does not give the
 * page two banners.
 */
export function DeskModal({ title, children, ...root }: DeskModalProps) {
  const { t } = useTranslation();
  return (
    <Modal.Root {...root} lockScroll={false}>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="presentation">
          <Modal.Title className="desk-drawer-title">{title}</Modal.Title>
          <Modal.CloseButton aria-label={t('common.close')} />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
