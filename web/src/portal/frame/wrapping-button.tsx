/**
 * A button whose label may wrap onto two lines: labels that name what they act on ("Give
 * permission: Electronic prescriptions") must fit a 375-pixel phone screen.
 */
import { Button, type ButtonProps } from '@mantine/core';
import type { ComponentPropsWithoutRef } from 'react';

const WRAP = { label: { whiteSpace: 'normal' as const, textAlign: 'left' as const } };

export function WrappingButton(
  props: ButtonProps & Omit<ComponentPropsWithoutRef<'button'>, keyof ButtonProps>,
) {
  return <Button h="auto" mih={30} py={6} styles={WRAP} {...props} />;
}
